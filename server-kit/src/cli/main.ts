import { parseArgs, type ParseArgsConfig } from 'node:util';
import { commands, type Command } from './commands.js';

export { UsageError } from './usage-error.js';
import { UsageError } from './usage-error.js';

const TOP_HELP = `csghub: a self-hosted hub for models, datasets and code

Usage: csghub <command> [options]

Commands:
${commands.map((c) => `  ${c.usage.padEnd(72)} ${c.summary}`).join('\n')}

Run "csghub <command> --help" for a command's options.
`;

/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 bad usage). */
export async function main(argv: string[]): Promise<number> {
  const [first, second] = argv;
  if (!first || first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(TOP_HELP);
    return first ? 0 : 2;
  }
  const command = commands.find((c) => c.path.length === 1 ? c.path[0] === first : c.path[0] === first && c.path[1] === second);
  if (!command) {
    const group = commands.filter((c) => c.path[0] === first);
    if (group.length && (!second || second === '--help' || second === '-h')) {
      process.stdout.write(`Usage:\n${group.map((c) => `  csghub ${c.usage}   ${c.summary}`).join('\n')}\n`);
      return second ? 0 : 2;
    }
    process.stderr.write(`csghub: unknown command "${argv.slice(0, 2).join(' ')}"\n\n${TOP_HELP}`);
    return 2;
  }
  const rest = argv.slice(command.path.length);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(helpFor(command));
    return 0;
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, options: command.options as ParseArgsConfig['options'], allowPositionals: true, strict: true });
    if (positionals.length !== command.positionals.length) {
      throw new UsageError(`expected ${command.positionals.length ? command.positionals.join(' ') : 'no arguments'}, got ${positionals.length ? positionals.join(' ') : 'none'}`);
    }
    return await command.run(values as Record<string, string | boolean | undefined>, positionals);
  } catch (err) {
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`csghub ${command.path.join(' ')}: ${(err as Error).message}\n`);
    if (usage) process.stderr.write(`\n${helpFor(command)}`);
    return usage ? 2 : 1;
  }
}

function helpFor(command: Command): string {
  const options = Object.entries(command.options).map(([name, o]) => `  --${name}${o.type === 'string' ? ` ${o.valueName ?? 'VALUE'}` : ''}`.padEnd(32) + o.help);
  return `Usage: csghub ${command.usage}\n\n${command.summary}\n\nOptions:\n${options.join('\n')}\n  --help                        Show this help\n`;
}
