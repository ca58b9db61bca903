// What every SDK-backed LLM backend shares: the SDK is loaded with the first call (runs without
// judge expectations or simulations never pay for it), once, and any failure of a call becomes one
// of our typed errors so retry.ts and the fail-closed rules see the same shapes from every backend.
import { transportError } from './http-errors.js';
import type { BackendName, LlmBackend, LlmReply, LlmRequest } from './types.js';

export abstract class SdkBackend<Client> implements LlmBackend {
  abstract readonly name: BackendName;
  private client?: Promise<Client>;

  constructor(readonly model: string) {}

  async prepare(): Promise<void> {
    await this.loadedClient();
  }

  async generate(request: LlmRequest): Promise<LlmReply> {
    const client = await this.loadedClient();
    try {
      return await this.call(client, request);
    } catch (err) {
      throw await this.callError(err, request.signal);
    }
  }

  /** Builds the SDK client (dynamic import of the SDK). */
  protected abstract createClient(): Promise<Client>;
  /** One request through the SDK, mapped to our reply shape. */
  protected abstract call(client: Client, request: LlmRequest): Promise<LlmReply>;

  /** A backend whose SDK has its own error classes maps them here; the default keeps transport errors. */
  protected async callError(err: unknown, signal: AbortSignal): Promise<Error> {
    return transportError(err, this.name, signal);
  }

  private loadedClient(): Promise<Client> {
    return (this.client ??= this.createClient());
  }
}
