import type { Knex } from 'knex';
import * as initial from './20260101000000_initial.ts';
import * as guests from './20261130000000_guests_and_salon_settings.ts';
import * as refreshTokens from './20261201000000_refresh_tokens_and_media_index.ts';
import * as messagePositions from './20261202000000_message_positions.ts';
import * as deployment from './20261205000000_deployment.ts';
import * as refreshTokenSuccessors from './20261205000001_refresh_token_successors.ts';
import * as guestSalons from './20261205000200_guest_salons.ts';
import * as quotas from './20261205000300_quotas.ts';
import * as searchIndex from './20261205000400_search_index.ts';
import * as conversationStates from './20261205100000_conversation_states.ts';
import * as followUps from './20261205100100_follow_ups.ts';
import * as pushSubscriptions from './20261205100200_push_subscriptions.ts';
import * as salonGreetings from './20261205100300_salon_greetings.ts';
import * as vapidKeys from './20261205100400_vapid_keys.ts';
import * as quickReplies from './20261206000100_quick_replies.ts';

type Migration = Knex.Migration;

const migrations: Record<string, Migration> = {
  '20260101000000_initial': initial,
  '20261130000000_guests_and_salon_settings': guests,
  '20261201000000_refresh_tokens_and_media_index': refreshTokens,
  '20261202000000_message_positions': messagePositions,
  '20261205000000_deployment': deployment,
  '20261205000001_refresh_token_successors': refreshTokenSuccessors,
  '20261205000200_guest_salons': guestSalons,
  '20261205000300_quotas': quotas,
  '20261205000400_search_index': searchIndex,
  '20261205100000_conversation_states': conversationStates,
  '20261205100100_follow_ups': followUps,
  '20261205100200_push_subscriptions': pushSubscriptions,
  '20261205100300_salon_greetings': salonGreetings,
  '20261205100400_vapid_keys': vapidKeys,
  '20261206000100_quick_replies': quickReplies,
};

/** Migrations are imported, not globbed, so they run the same from source and from a bundle. */
export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name]!,
};
