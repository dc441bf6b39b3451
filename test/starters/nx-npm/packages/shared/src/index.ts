export * from './lib/shared.js';
