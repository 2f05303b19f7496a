#!/usr/bin/env node
import '../dist/peers-cli.js';
