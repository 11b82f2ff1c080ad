import { Appointment, CatalogQuery, Pack, Product } from '@salon-chat/protocol';
import { z } from 'zod';
import type { Services } from '../../services/index.ts';
import { endpoint } from '../endpoint.ts';

const forSalon = 'Staff get their own salon; customers pass `salon_id`.';

export const catalogEndpoints = ({ catalog }: Services) => [
  endpoint({
    method: 'get',
    path: '/api/v1/catalog/appointments',
    operationId: 'listAppointments',
    tag: 'Catalogue',
    summary: 'Appointments to reference in a message',
    description: `${forSalon} Customers see only their own; staff may filter by \`customer_id\`.`,
    access: 'any',
    query: CatalogQuery,
    response: z.array(Appointment),
    errors: [401, 403, 422],
    handler: ({ actor, query }) => catalog.appointments(actor, query.salon_id, query.customer_id),
  }),
  endpoint({
    method: 'get',
    path: '/api/v1/catalog/products',
    operationId: 'listProducts',
    tag: 'Catalogue',
    summary: 'Products to reference in a message',
    description: forSalon,
    access: 'any',
    query: CatalogQuery,
    response: z.array(Product),
    errors: [401, 403, 422],
    handler: ({ actor, query }) => catalog.products(actor, query.salon_id),
  }),
  endpoint({
    method: 'get',
    path: '/api/v1/catalog/packs',
    operationId: 'listPacks',
    tag: 'Catalogue',
    summary: 'Packs to reference in a message',
    description: forSalon,
    access: 'any',
    query: CatalogQuery,
    response: z.array(Pack),
    errors: [401, 403, 422],
    handler: ({ actor, query }) => catalog.packs(actor, query.salon_id),
  }),
];
