import { useRef } from 'react';
import { newMessageId } from './ids';

/**
 * The message id of a report being sent. Sending the same report again (the answer was lost, the
 * network dropped) reuses its id, so the hub answers "duplicate" with the stored record instead of
 * refusing a second report of the stage; a changed report, or one after a success, gets a new id.
 */
export function useMessageId() {
  const pending = useRef<{ key: string; id: string } | undefined>(undefined);
  return {
    for(report: { messageId?: string; signature?: string }): string {
      const { messageId: _id, signature: _signature, ...content } = report;
      const key = JSON.stringify(content);
      if (pending.current?.key !== key) pending.current = { key, id: newMessageId() };
      return pending.current.id;
    },
    settled(): void {
      pending.current = undefined;
    },
  };
}
