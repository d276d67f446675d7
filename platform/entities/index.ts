import { CalendarDayRow, CalendarYearRow } from './calendar-day.entity';
import { OrganisationRow } from './organisation.entity';
import { SecurityLogRow } from './security-log.entity';
import { ServiceRow } from './service.entity';

/**
 * The platform's own tables: reference data every subgraph reads (the service catalogue, the
 * organisations, the production calendar) and the security log. Each subgraph's tables live in its
 * own folder (`subgraphs/<name>/*.entity.ts`).
 */
export { CalendarDayRow, CalendarYearRow, OrganisationRow, SecurityLogRow, ServiceRow };
export const PLATFORM_ENTITIES = [CalendarDayRow, CalendarYearRow, OrganisationRow, SecurityLogRow, ServiceRow];
