// What a prebuilt instance finds in its home when it is created: the managed defaults.
// A blank instance gets none of these.

export const MANAGED_FILES: ReadonlyArray<{ path: string; content: string }> = [
  {
    path: 'AGENTS.md',
    content: `# Operator instance

You are an agent running in an Operator instance: a Docker container whose home folder
(this one) is kept on its own volume, so what you write here survives a suspend and a
resume.

- Work inside your home folder; it is the only place guaranteed to persist.
- Skills installed by Operator live under \`skills/\`, one folder each with a SKILL.md.
- Do not store credentials in files. Operator grants secrets to an instance explicitly and
  provides model access itself.
`,
  },
];
