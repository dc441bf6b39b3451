import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: this file is compiled to dist/generators/lib/paths.js. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');
