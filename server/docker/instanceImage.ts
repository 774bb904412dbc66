// The instance image, built by the server itself when the engine lacks it: a user who
// installed only the extension has no repository to run `npm run image` in. The build
// context is the Dockerfile and agent bundled beside the server in dist/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type Docker from 'dockerode';
import { Readable } from 'node:stream';
import { OperatorError } from '../errors';
import { archiveOf } from '../files/archiveTar';
import { logger } from '../log';

const log = logger('image');

/** The public base the Dockerfile defaults to; OPERATOR_IMAGE_BASE overrides it. */
export const PUBLIC_BASE = 'node:20-bookworm-slim';

interface BuildMessage {
  stream?: string;
  error?: string;
  errorDetail?: { message?: string };
}

export class InstanceImage {
  private building: Promise<void> | undefined;

  constructor(
    private readonly docker: Docker,
    readonly tag: string,
    private readonly base: string = process.env.OPERATOR_IMAGE_BASE || PUBLIC_BASE,
    private readonly contextDir: string = __dirname,
  ) {}

  /** Builds the image once; concurrent callers share the same build. */
  ensure(): Promise<void> {
    this.building ??= this.build().finally(() => (this.building = undefined));
    return this.building;
  }

  private async build(): Promise<void> {
    const dockerfile = path.join(this.contextDir, 'Dockerfile');
    const agent = path.join(this.contextDir, 'agent.js');
    if (!fs.existsSync(dockerfile) || !fs.existsSync(agent)) {
      throw new OperatorError(
        'Internal',
        `Cannot build the instance image ${this.tag}: ${dockerfile} or ${agent} is missing; ` +
          'run `npm run build`.',
      );
    }
    log.info(`building ${this.tag} on ${this.base}`);
    const context = await archiveOf([
      { name: 'Dockerfile', content: fs.readFileSync(dockerfile) },
      { name: 'agent.js', content: fs.readFileSync(agent) },
    ]);
    let output: NodeJS.ReadableStream;
    try {
      output = await this.docker.buildImage(Readable.from([context]), {
        t: this.tag,
        buildargs: { BASE: this.base },
        // A failed step would otherwise leave its container behind.
        forcerm: true,
      });
    } catch (error) {
      throw new OperatorError(
        'Internal',
        `Docker could not build the instance image ${this.tag}: ${(error as Error).message}`,
      );
    }
    // The build reports failures inside its progress stream, not as an HTTP error.
    const messages = await new Promise<BuildMessage[]>((resolve, reject) =>
      this.docker.modem.followProgress(output, (error: Error | null, result: BuildMessage[]) =>
        error ? reject(error) : resolve(result),
      ),
    );
    const failure = messages.find((message) => message.error);
    if (failure) {
      throw new OperatorError(
        'Internal',
        `Building the instance image ${this.tag} on ${this.base} failed: ` +
          `${failure.errorDetail?.message ?? failure.error}`,
      );
    }
    log.info(`built ${this.tag}`);
  }
}
