/** Every scenario, by feature file. */
import type { Scenario } from '../scenario.ts';
import { scenarios as authLogin } from './auth-login.ts';
import { scenarios as authRest } from './auth-rest.ts';
import { scenarios as authWs } from './auth-ws.ts';
import { scenarios as extAuth } from './ext-auth.ts';
import { scenarios as extHistory } from './ext-history.ts';
import { scenarios as extLimits } from './ext-limits.ts';
import { scenarios as extMessages } from './ext-messages.ts';
import { scenarios as extQuickReplies } from './ext-quick-replies.ts';
import { scenarios as extNotes } from './ext-notes.ts';
import { scenarios as extStates } from './ext-states.ts';
import { scenarios as restAuthz } from './rest-authz.ts';
import { scenarios as restCreate } from './rest-create.ts';
import { scenarios as restHistory } from './rest-history.ts';
import { scenarios as restList } from './rest-list.ts';
import { scenarios as restUpload } from './rest-upload.ts';
import { scenarios as wsErrors } from './ws-errors.ts';
import { scenarios as wsFrames } from './ws-frames.ts';
import { scenarios as wsMembership } from './ws-membership.ts';
import { scenarios as wsMessages } from './ws-messages.ts';
import { scenarios as wsPresence } from './ws-presence.ts';
import { scenarios as wsReceipts } from './ws-receipts.ts';
import { scenarios as wsScope } from './ws-scope.ts';
import { scenarios as wsTyping } from './ws-typing.ts';

export const SCENARIOS: readonly Scenario[] = [
  ...authLogin,
  ...authRest,
  ...authWs,
  ...restCreate,
  ...restList,
  ...restHistory,
  ...restUpload,
  ...restAuthz,
  ...wsFrames,
  ...wsMessages,
  ...wsTyping,
  ...wsPresence,
  ...wsReceipts,
  ...wsScope,
  ...wsMembership,
  ...wsErrors,
  ...extAuth,
  ...extMessages,
  ...extHistory,
  ...extLimits,
  ...extStates,
  ...extQuickReplies,
  ...extNotes,
];
