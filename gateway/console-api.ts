// What the console's own endpoints (/console/api) answer: types only, shared by the gateway and
// the page's bundle.

export interface ConsoleConfig {
  demo: boolean;
  graphqlPath: string;
  languages: string[];
  /** the gateway runs only trusted operations: the page sends the ids of its build's manifest */
  trustedOperations: boolean;
}

/** One identity the demo picker offers. */
export interface DemoIdentity {
  role: string;
  bin?: string;
  iin?: string;
  /** the organisation's name (in Russian), or the person's */
  name: string;
  /** the organisation's name in Kazakh */
  nameKk?: string;
  /** a provider without an information system of its own works in the hub's workstation (АРМ ГО, p.5) */
  workstation?: boolean;
}

/** A demo signature: a base64 CMS, and who signed. */
export interface DemoSignature {
  signature: string;
  signer: { name: string; iin: string; bin: string };
}
