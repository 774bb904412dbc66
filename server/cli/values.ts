// Checks of flag and argument values. Each failure says what was expected and repeats
// what was given, since the user reads the message as it is.
import { UsageError } from './tokens';

export function envEntry(assignment: string): [string, string] {
  const equals = assignment.indexOf('=');
  if (equals <= 0) throw new UsageError(`--env needs KEY=VALUE, got '${assignment}'`);
  return [assignment.slice(0, equals), assignment.slice(equals + 1)];
}

export function oneOf<T extends string>(what: string, value: string, choices: readonly T[]): T {
  const choice = choices.find((candidate) => candidate === value);
  if (choice === undefined) {
    throw new UsageError(`${what} must be one of ${choices.join(', ')}, got '${value}'`);
  }
  return choice;
}

export function integer(flag: string, value: string, min: number): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < min) {
    throw new UsageError(`${flag} must be a whole number of at least ${min}, got '${value}'`);
  }
  return number;
}

export function positiveNumber(flag: string, value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) {
    throw new UsageError(`${flag} must be a number above 0, got '${value}'`);
  }
  return number;
}
