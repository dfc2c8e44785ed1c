/**
 * Every token driver the PC has, loaded side by side. Tokens and their certificates are listed
 * across all modules; a module that fails to load, or whose slot list fails, is recorded and
 * skipped, never hiding the tokens of the others. A token is found by serial (or label) in
 * whichever module holds it; the same token seen through two drivers counts once (first
 * module wins, the configured one first).
 */
import { type HocbaError, isHocbaError } from '@hocba/shared/errors';
import type { TokenInfo } from '@hocba/shared/protocol';
import { tokenError } from './errors.js';
import { Pkcs11Module, type Pkcs11Session, type TokenRef, type TokenSlot } from './module.js';
import type { ModuleCandidate, ModuleSearch } from './modules.js';

export interface LoadedModule {
  candidate: ModuleCandidate;
  module: Pkcs11Module;
}

export interface ModuleFailure {
  candidate: ModuleCandidate;
  error: HocbaError;
}

function typed(error: unknown, candidate: ModuleCandidate, operation: string): HocbaError {
  if (isHocbaError(error)) return error;
  return tokenError('MODULE_LOAD_FAILED', {
    path: candidate.path,
    reason: `${operation}: ${error instanceof Error ? error.message : String(error)}`,
  });
}

export class ModuleSet {
  /** Failures of the last token listing, per module (a driver that broke after loading). */
  listFailures: ModuleFailure[] = [];

  private constructor(
    readonly loaded: LoadedModule[],
    readonly failed: ModuleFailure[],
  ) {}

  /** Loads every candidate; each failure is kept with its typed error. */
  static open(
    search: Pick<ModuleSearch, 'load'>,
    load: (path: string) => Pkcs11Module = Pkcs11Module.load,
  ): ModuleSet {
    const loaded: LoadedModule[] = [];
    const failed: ModuleFailure[] = [];
    for (const candidate of search.load) {
      try {
        loaded.push({ candidate, module: load(candidate.path) });
      } catch (error) {
        failed.push({ candidate, error: typed(error, candidate, 'load') });
      }
    }
    return new ModuleSet(loaded, failed);
  }

  get paths(): string[] {
    return this.loaded.map((l) => l.candidate.path);
  }

  /** Present tokens of every module, each with the module that holds it. */
  tokens(): { module: Pkcs11Module; token: TokenSlot }[] {
    const out: { module: Pkcs11Module; token: TokenSlot }[] = [];
    this.listFailures = [];
    for (const { candidate, module } of this.loaded) {
      try {
        for (const token of module.tokens())
          if (!out.some((o) => o.token.serial === token.serial && token.serial !== ''))
            out.push({ module, token });
      } catch (error) {
        this.listFailures.push({ candidate, error: typed(error, candidate, 'C_GetSlotList') });
      }
    }
    return out;
  }

  /** Every token with its certificates, across modules; `module` says which driver holds it. */
  listTokensWithModule(now = new Date()): { module: ModuleCandidate; token: TokenInfo }[] {
    const out: { module: ModuleCandidate; token: TokenInfo }[] = [];
    this.listFailures = [];
    for (const { candidate, module } of this.loaded) {
      try {
        for (const token of module.listTokens(now))
          if (!out.some((o) => o.token.serial === token.serial && token.serial !== ''))
            out.push({ module: candidate, token });
      } catch (error) {
        this.listFailures.push({ candidate, error: typed(error, candidate, 'listTokens') });
      }
    }
    return out;
  }

  listTokens(now = new Date()): TokenInfo[] {
    return this.listTokensWithModule(now).map((t) => t.token);
  }

  /** The module that holds a token. Errors: TOKEN_NOT_FOUND. */
  moduleFor(ref: TokenRef): Pkcs11Module {
    const found = this.tokens().find(
      ({ token }) =>
        (ref.serial !== undefined && token.serial === ref.serial) ||
        (ref.serial === undefined && ref.label !== undefined && token.label === ref.label),
    );
    if (!found) throw tokenError('TOKEN_NOT_FOUND', { token: ref.serial ?? ref.label ?? '?' });
    return found.module;
  }

  /** Logs in on the token's own module; a login held in another module ends first (one at a time). */
  login(ref: TokenRef, pin: string | undefined, options: { confirmFinalTry?: boolean } = {}): Pkcs11Session {
    const module = this.moduleFor(ref);
    for (const { module: other } of this.loaded) if (other !== module) other.session?.logout();
    return module.login(ref, pin, options);
  }

  /** The login in progress, in whichever module. */
  get session(): Pkcs11Session | undefined {
    for (const { module } of this.loaded) if (module.session?.isOpen) return module.session;
    return undefined;
  }

  close(): void {
    for (const { module } of this.loaded) module.close();
  }
}
