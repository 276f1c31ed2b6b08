#!/usr/bin/env node
// The installed command: load the built CLI. src/cli.ts decides exit codes; nothing else here.
import { main } from '../dist/src/cli.js'

main(process.argv)
