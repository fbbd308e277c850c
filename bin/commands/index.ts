/** The `dr` subcommands. Each file registers one command; adding a command is one file and one line here. */
import type { Command } from 'commander';
import type { Io } from '../io';
import { register as audit } from './audit';
import { register as check } from './check';
import { register as diff } from './diff';
import { register as drill } from './drill';
import { register as orgPolicy } from './org-policy';
import { register as validate } from './validate';

export const COMMANDS: readonly ((program: Command, io: Io) => void)[] = [
  validate,
  audit,
  drill,
  check,
  diff,
  orgPolicy,
];
