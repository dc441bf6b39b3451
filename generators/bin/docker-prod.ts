#!/usr/bin/env node
/** `docker-prod`: the fast path (no Yeoman start-up); see generators/lib/cli.ts. */
import { main } from '../lib/cli.js';

process.exitCode = await main(process.argv.slice(2));
