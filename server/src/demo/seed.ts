import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { Actor } from '../domain.ts';
import { insertedId, isPostgres } from '../db/connection.ts';
import type { Services } from '../services/index.ts';

/** The demo accounts, as the README lists them. */
export const DEMO_ACCOUNTS = {
  staff: [
    { email: 'admin@salon.com', password: 'admin123', name: 'Camille Laurent', role: 'owner' },
    { email: 'stylist@salon.com', password: 'stylist123', name: 'Sam Rivera', role: 'stylist' },
  ],
  otherSalonStaff: { email: 'owner@other-salon.com', password: 'owner123', name: 'Jordan Lee', role: 'owner' },
  customers: [
    { phone: '+1234567890', password: 'customer123', name: 'Emma Wilson' },
    { phone: '+1987654321', password: 'customer456', name: 'Lucas Brown' },
  ],
} as const;

const DAY = 24 * 3600 * 1000;

/** A soft two-colour picture with a few circles, so demo images and products need no files from outside. */
async function picture(file: string, width: number, height: number, from: string, to: string): Promise<void> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>
  <rect width="100%" height="100%" fill="url(#g)"/>
  <circle cx="${width * 0.3}" cy="${height * 0.4}" r="${height * 0.22}" fill="#ffffff" opacity="0.35"/>
  <circle cx="${width * 0.7}" cy="${height * 0.65}" r="${height * 0.3}" fill="#ffffff" opacity="0.18"/>
</svg>`;
  await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toFile(file);
}

/** A short two-note chime as 16-bit mono WAV: the demo's voice note. */
function chime(seconds: number): Buffer {
  const rate = 16000;
  const samples = Math.round(seconds * rate);
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) {
    const t = i / rate;
    const f = t < seconds / 2 ? 523.25 : 659.25;
    const envelope = Math.min(1, t * 20) * Math.exp(-3 * (t % (seconds / 2)));
    wav.writeInt16LE(Math.round(Math.sin(2 * Math.PI * f * t) * envelope * 12000), 44 + i * 2);
  }
  return wav;
}

/**
 * Seeds two salons, their staff, two customers, a catalogue and chats with history of every
 * message type. Does nothing (and answers false) when the database already has a salon.
 */
export async function seedDemo(services: Services, uploadDir: string): Promise<boolean> {
  const { db } = services;
  if (await db('salons').first()) return false;
  const at = new Date().toISOString();
  const catalogDir = path.join(uploadDir, 'catalog');
  await mkdir(catalogDir, { recursive: true });

  const [salon, other] = await db('salons')
    .insert([
      {
        name: 'Maison Éclat',
        currency: 'EUR',
        created_at: at,
        guests_enabled: true,
        away_message: 'We are with clients right now. Leave us a message: we usually answer within the hour.',
        reply_time: 'within the hour',
        greeting: 'Hello and welcome to Maison Éclat! Ask us anything: colour, cuts, prices or a booking.',
        greetings: JSON.stringify({
          fr: 'Bonjour et bienvenue chez Maison Éclat ! Posez-nous vos questions : couleur, coupe, tarifs ou rendez-vous.',
          ar: 'مرحبًا بكم في ميزون إكلا! اسألونا عن أي شيء: اللون أو القصّة أو الأسعار أو حجز موعد.',
        }),
        away_messages: JSON.stringify({
          fr: 'Nous sommes avec des clientes. Laissez-nous un message : nous répondons en général dans l’heure.',
          ar: 'نحن مع عملائنا الآن. اتركوا لنا رسالة: نردّ عادةً خلال ساعة.',
        }),
        reply_times: JSON.stringify({ fr: 'dans l’heure', ar: 'خلال ساعة' }),
        opening_hours: JSON.stringify({ tue: [['09:00', '19:00']], wed: [['09:00', '19:00']], thu: [['09:00', '21:00']], fri: [['09:00', '19:00']], sat: [['09:00', '17:00']] }),
        timezone: 'Europe/Paris',
      },
      { name: 'Studio Nord', currency: 'EUR', created_at: at, guests_enabled: false, away_message: null, reply_time: null, opening_hours: null, timezone: 'Europe/Oslo' },
    ])
    .returning('id')
    .then((rows) => rows.map(insertedId));

  const staffRows = [
    ...DEMO_ACCOUNTS.staff.map((s) => ({ ...s, salon_id: salon })),
    { ...DEMO_ACCOUNTS.otherSalonStaff, salon_id: other },
  ];
  const staffIds: number[] = [];
  for (const s of staffRows) {
    const [row] = await db('users')
      .insert({ salon_id: s.salon_id, email: s.email, name: s.name, role: s.role, password_hash: await services.passwords.hash(s.password), created_at: at })
      .returning('id');
    staffIds.push(insertedId(row));
  }
  const customerIds: number[] = [];
  for (const c of DEMO_ACCOUNTS.customers) {
    const [row] = await db('customers')
      .insert({ phone: c.phone, name: c.name, password_hash: await services.passwords.hash(c.password), created_at: at })
      .returning('id');
    customerIds.push(insertedId(row));
  }
  const [camille, sam, jordan] = staffIds as [number, number, number];
  const [emma, lucas] = customerIds as [number, number];
  await db('salon_customers').insert([
    { salon_id: salon, customer_id: emma, created_at: at },
    { salon_id: salon, customer_id: lucas, created_at: at },
    { salon_id: other, customer_id: lucas, created_at: at },
  ]);

  const seededAt = Date.now();
  await db('quick_replies').insert(
    [
      ['prices', 'Prices', "Hello {first_name}! Our prices: men's cut 28 €, blow-dry 35 €, balayage & cut from 145 €. Colour is quoted after a free consultation."],
      ['hours', 'Opening hours', 'We are open {hours}. Come by, or book a time here in the chat.'],
      ['parking', 'Parking', 'There is a public car park 50 m away (Parking Saint-Roch, first 30 minutes free), and street parking in front of the salon after 19:00.'],
      ['when', 'What time suits you?', 'What time suits you, {first_name}? Tell me a day and I will find you a slot.'],
      ['thanks', 'Thanks', 'Thank you {first_name}, see you soon at {salon}! {my_name}'],
    ].map(([shortcut, title, content]) => ({ salon_id: salon, owner_id: null, shortcut, title, content, created_at: seededAt, updated_at: seededAt })),
  );

  const products: [string, string, number, string, string][] = [
    ['Argan Repair Oil', 'Nourishing oil for dry ends, 50 ml', 2490, '#c98b4b', '#f3d9b1'],
    ['Hydrating Shampoo', 'Sulphate-free, for coloured hair, 250 ml', 1850, '#4b7bc9', '#b1d3f3'],
    ['Heat Protect Spray', 'Protects up to 230 °C, 150 ml', 1500, '#9b4bc9', '#e1b1f3'],
  ];
  for (const [i, [name, description, price, from, to]] of products.entries()) {
    await picture(path.join(catalogDir, `product-${i + 1}.jpg`), 320, 320, from, to);
    await db('products').insert({ salon_id: salon, name, description, price_cents: price, image_url: `/uploads/catalog/product-${i + 1}.jpg` });
  }
  await db('products').insert({ salon_id: other, name: 'Beard Balm', description: 'Cedar and vanilla, 60 ml', price_cents: 1200, image_url: null });
  await picture(path.join(catalogDir, 'pack-1.jpg'), 320, 320, '#c94b6d', '#f3b1c4');
  await picture(path.join(catalogDir, 'pack-2.jpg'), 320, 320, '#4bc99b', '#b1f3dc');
  await db('packs').insert([
    { salon_id: salon, name: 'Colour Care Pack', description: 'Three gloss and treatment sessions', price_cents: 14900, sessions: 3, image_url: '/uploads/catalog/pack-1.jpg' },
    { salon_id: salon, name: 'Bridal Pack', description: 'Trial, wedding-day styling and make-up', price_cents: 32000, sessions: 2, image_url: '/uploads/catalog/pack-2.jpg' },
  ]);
  const day = (offset: number, hour: number) => {
    const d = new Date(Date.now() + offset * DAY);
    d.setUTCHours(hour, 0, 0, 0);
    return d.toISOString();
  };
  const appointmentIds: number[] = [];
  for (const a of [
    { customer_id: emma, staff_user_id: camille, service: 'Balayage & cut', starts_at: day(1, 10), duration_minutes: 120, price_cents: 14500, status: 'booked' },
    { customer_id: emma, staff_user_id: sam, service: 'Blow-dry', starts_at: day(-7, 15), duration_minutes: 45, price_cents: 3500, status: 'completed' },
    { customer_id: lucas, staff_user_id: sam, service: "Men's cut", starts_at: day(2, 17), duration_minutes: 30, price_cents: 2800, status: 'booked' },
  ]) {
    const [row] = await db('appointments').insert({ salon_id: salon, ...a }).returning('id');
    appointmentIds.push(insertedId(row));
  }
  await db('appointments').insert({ salon_id: other, customer_id: lucas, staff_user_id: jordan, service: 'Beard trim', starts_at: day(3, 11), duration_minutes: 20, price_cents: 1500, status: 'booked' });

  const chatDir = path.join(uploadDir, 'chat');
  await mkdir(chatDir, { recursive: true });
  await picture(path.join(chatDir, 'demo-inspiration.jpg'), 960, 720, '#b8860b', '#f5deb3');
  await sharp(path.join(chatDir, 'demo-inspiration.jpg')).resize(320).jpeg({ quality: 80 }).toFile(path.join(chatDir, 'demo-inspiration_thumb.jpg'));
  await writeFile(path.join(chatDir, 'demo-voice.wav'), chime(1.6));
  await writeFile(path.join(chatDir, 'demo-price-list.pdf'), PRICE_LIST_PDF);
  await db('uploads').insert([
    { file_url: '/uploads/chat/demo-inspiration.jpg', file_name: 'inspiration.jpg', file_type: 'image/jpeg', file_size: (await stat(path.join(chatDir, 'demo-inspiration.jpg'))).size, thumbnail_url: '/uploads/chat/demo-inspiration_thumb.jpg', uploader_type: 'customer', uploader_id: emma, created_at: at },
    { file_url: '/uploads/chat/demo-price-list.pdf', file_name: 'price-list.pdf', file_type: 'application/pdf', file_size: PRICE_LIST_PDF.length, thumbnail_url: null, uploader_type: 'user', uploader_id: camille, created_at: at },
    { file_url: '/uploads/chat/demo-voice.wav', file_name: 'voice-note.wav', file_type: 'audio/wav', file_size: (await stat(path.join(chatDir, 'demo-voice.wav'))).size, thumbnail_url: null, uploader_type: 'user', uploader_id: camille, created_at: at },
  ]);

  const staff = (id: number, name: string): Actor => ({ type: 'user', id, salonId: salon, name });
  const customer = (id: number, name: string): Actor => ({ type: 'customer', id, salonId: null, name });
  const Camille = staff(camille, 'Camille Laurent');
  const Sam = staff(sam, 'Sam Rivera');
  const Emma = customer(emma, 'Emma Wilson');
  const Lucas = customer(lucas, 'Lucas Brown');
  const { chats, messages } = services;
  /** Where the demo's customers write from: the server itself (an address counts only for guests). */
  const here = '127.0.0.1';

  const first = await chats.createAsCustomer(Emma, { user_id: camille, title: 'Balayage booking', initial_message: "Hi! I'd like to book a balayage before my holidays ☀️" }, here);
  const say = async (who: Actor, chatId: number, draft: Parameters<typeof messages.send>[2]) => (await messages.send(who, chatId, draft)).message.id;
  await say(Camille, first.id, { content: 'Hello Emma! Of course. Do you have a picture of the colour you have in mind?' });
  const photo = await say(Emma, first.id, { message_type: 'image', media_url: '/uploads/chat/demo-inspiration.jpg', content: 'Something warm like this' });
  await say(Camille, first.id, { content: 'Lovely, honey tones will suit you.', reply_to_message_id: photo });
  await say(Camille, first.id, { message_type: 'note', content: 'Patch test done on her last visit: no reaction. She prefers Sam for colour.' });
  await say(Camille, first.id, { message_type: 'appointment', reference_id: appointmentIds[0]!, content: 'I booked you tomorrow at 10:00' });
  await say(Camille, first.id, { message_type: 'voice', media_url: '/uploads/chat/demo-voice.wav' });
  await say(Camille, first.id, { message_type: 'file', media_url: '/uploads/chat/demo-price-list.pdf', content: 'Maison Éclat – prices, winter 2026.pdf' });
  await say(Camille, first.id, { message_type: 'product', reference_id: 1, content: 'This oil keeps the ends soft after colouring' });
  const lastRead = await say(Emma, first.id, { content: 'Perfect, thank you! See you tomorrow.' });
  await messages.markRead(Camille, first.id, { upTo: lastRead });
  await say(Camille, first.id, { message_type: 'pack', reference_id: 1, content: 'And if you like the result, our Colour Care Pack keeps it fresh.' });

  const second = await chats.createAsCustomer(Lucas, { user_id: sam, title: "Men's cut", initial_message: 'Hey, can I move my Thursday cut to later?' }, here);
  await say(Sam, second.id, { content: 'Sure Lucas, 17:00 works?' });
  await say(Lucas, second.id, { content: '17:00 is great 👍' });

  const archived = await chats.createAsStaff(Sam, { customer_id: emma, title: 'Blow-dry feedback', initial_message: 'How did you like your blow-dry last week?' });
  // She answered the question, so she read it: the customer keeps this chat after the salon files it.
  await messages.markRead(Emma, archived.id, { upTo: await say(Emma, archived.id, { content: 'It lasted three days, amazing!' }) });
  await chats.setArchived(Sam, archived.id, true);

  await spreadOverPast(services, [first.id, second.id, archived.id]);
  return true;
}

/**
 * Seeded messages were written just now; space them out over the past days as a real history
 * (the first chat over two days, so its day separators show).
 */
async function spreadOverPast({ db }: Services, chatIds: number[]): Promise<void> {
  for (const [i, chatId] of chatIds.entries()) {
    const rows = await db('messages').where({ chat_id: chatId }).orderBy('id').select<{ id: number }[]>('id');
    const start = Date.now() - (i + 1) * 26 * 3600 * 1000 - (i === 0 ? 2 * DAY : 0);
    let t = start;
    for (const [n, row] of rows.entries()) {
      t += i === 0 && n === 4 ? 2 * DAY : 7 * 60 * 1000;
      const when = new Date(t).toISOString();
      await db('messages').where({ id: row.id }).update({ created_at: when, updated_at: when });
      await db('message_reads').where({ message_id: row.id }).update({ read_at: new Date(t + 60_000).toISOString() });
    }
    const created = new Date(start).toISOString();
    await db('chats').where({ id: chatId }).update({ created_at: created, last_message_at: new Date(t).toISOString() });
    await db('chat_participants').where({ chat_id: chatId }).update({ joined_at: created });
  }
}

const TABLES = ['quick_replies', 'quota_usage', 'quota_meters', 'refresh_tokens', 'message_reads', 'messages', 'chat_participants', 'chats', 'uploads', 'appointments', 'products', 'packs', 'salon_customers', 'customers', 'users', 'salons'];

const DEMO_STAFF_EMAILS = new Set<string>([...DEMO_ACCOUNTS.staff, DEMO_ACCOUNTS.otherSalonStaff].map((s) => s.email));

/** Whether the caller is one of the demo salons' staff: the only ones who may restore the demo. */
export async function isDemoStaff({ db }: Services, actor: Actor): Promise<boolean> {
  if (actor.type !== 'user') return false;
  const user = await db('users').where({ id: actor.id }).first<{ email: string } | undefined>('email');
  return !!user && DEMO_STAFF_EMAILS.has(user.email.toLowerCase());
}

/** Empties every table (ids start again at 1) and the uploads, then seeds the demo anew. */
export async function resetDemo(services: Services, uploadDir: string): Promise<void> {
  const { db } = services;
  if (isPostgres(db)) {
    await db.raw(`TRUNCATE ${TABLES.join(', ')} RESTART IDENTITY CASCADE`);
  } else {
    await db.transaction(async (trx) => {
      for (const table of TABLES) await trx(table).del();
      await trx.raw('DELETE FROM sqlite_sequence');
    });
  }
  await rm(path.join(uploadDir, 'chat'), { recursive: true, force: true });
  await rm(path.join(uploadDir, 'catalog'), { recursive: true, force: true });
  await seedDemo(services, uploadDir);
}

/** A one-page PDF for the demo's price list. */
const PRICE_LIST_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n' +
    '4 0 obj<</Length 86>>stream\nBT /F1 14 Tf 24 160 Td (Maison Eclat - prices) Tj 0 -24 Td (Cut 45 - Colour 85 - Balayage 145) Tj ET\nendstream endobj\n' +
    '5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
