#!/usr/bin/env node
// The `thebot` command: a thin launcher for the bundled CLI (dist/cli.js).
'use strict';
require('../dist/cli.js');
