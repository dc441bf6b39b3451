import type { APIRoute } from 'astro';

// Rendered on demand by the @astrojs/node server, not prerendered at build time.
export const prerender = false;

export const GET: APIRoute = () => new Response(JSON.stringify({ status: 'ok' }), { headers: { 'Content-Type': 'application/json' } });
