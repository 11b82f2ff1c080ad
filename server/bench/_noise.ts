import knex from 'knex';
import { timed } from './support.ts';
const db = knex({ client: 'pg', connection: 'postgres://postgres@127.0.0.1:5432/test', pool: { min: 0, max: 10 } });
for (let k = 0; k < 3; k++) {
console.log('select1', await timed(() => db.raw('select 1'), 300));
console.log('3 parallel', await timed(() => Promise.all([db.raw('select 1'), db.raw('select 1'), db.raw('select 1')]), 300));
console.log('3 seq', await timed(async () => { await db.raw('select 1'); await db.raw('select 1'); await db.raw('select 1'); }, 300));
}
await db.destroy();
