#!/usr/bin/env node
// The linwasm command (see `linwasm --help`). The code lives in dist/cli, built by `npm run build`.
import { main } from '../dist/cli/index.js';

process.exitCode = await main(process.argv);
