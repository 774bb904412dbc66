// The text of `operator help`. Kept beside the argument parser's tables so that a new
// command or flag is documented where it is added.

export const USAGE = `Usage: operator [global flags] COMMAND [flags]

Instances:
  list [--all]                 List instances; --all includes deleted ones
  create NAME [--type prebuilt|blank] [--image IMAGE] [--network bridge|none]
              [--cpus N] [--memory MIB]
                               Create and start an instance
  get NAME                     Show one instance
  start NAME                   Start a stopped instance
  stop NAME                    Stop an instance, keeping its container
  suspend NAME                 Remove the container, keeping the home volume
  resume NAME                  Recreate a suspended instance's container
  delete NAME                  Delete an instance
  exec NAME [--cwd DIR] [--env KEY=VALUE]... [--timeout MS] -- COMMAND [ARGS...]
                               Run a command in an instance; exits with its exit code
  logs NAME [--tail N]         Show an instance's container log

Plan:
  plan                         Show the plan and how much of it is used
  plan set basic|pro|max       Change the plan

Global flags:
  --data-dir DIR               The data folder (default: $OPERATOR_DATA_DIR or
                               ~/.local/share/operator)
  --json                       Print results, and errors on stderr, as JSON
  --server PATH                The server script to start when none is running
  -h, --help                   Show this help
  --version                    Show the version

Exit codes: 0 success, 1 the operation failed, 2 the command line was wrong.
`;
