/**
 * The companion's one door to the token. The module is loaded lazily, at the first request
 * of an authenticated connection (so nothing reaches the token before the pairing proof),
 * and one login at a time is held, owned by the connection that made it, ended by logout,
 * by the end of its batch, by idle time, or when that connection closes.
 */
import type { HocbaError } from '@hocba/shared/errors';
import type { ModuleInfo, TokenInfo } from '@hocba/shared/protocol';
import type { Logger } from '../log/index.js';
import {
  findModules,
  ModuleSet,
  type Pkcs11Module,
  type Pkcs11Session,
  tokenError,
} from '../pkcs11/index.js';

export interface TokenServiceOptions {
  /** Configured module path, loaded with every known driver found on disk. */
  module: string | undefined;
  /** Also load every known driver on disk (config `moduleSearch`, default true). */
  moduleSearch?: boolean;
  idleTimeoutSeconds: number;
  log: Logger;
  /** Tests: wrap or replace the loaded module (the fault-injecting wrapper). */
  loadModule?: (path: string) => Pkcs11Module;
}

/**
 * Some drivers see a token plugged in again only when the module initialises anew (SoftHSM
 * reads its token folder in C_Initialize; session 12: the token put back stayed "absent"
 * until the companion restarted). With no login held, the modules are reinitialised when no
 * token is seen or the one asked for is not found, at most this often.
 */
export const RESCAN_INTERVAL_MS = 2_000;

export class TokenService {
  private module: ModuleSet | undefined;
  private rescannedAt = Number.NEGATIVE_INFINITY;
  private moduleError: HocbaError | undefined;
  private owner: string | undefined;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: TokenServiceOptions) {}

  /**
   * Loads every token driver once (the configured one and each known one on disk); while none
   * loads, tries again at the next request (a driver installed meanwhile). A driver that fails
   * is logged and does not hide the others.
   */
  private load(): ModuleSet {
    if (this.module) return this.module;
    const search = findModules(this.options.module, { search: this.options.moduleSearch ?? true });
    if (search.load.length === 0) {
      this.moduleError = tokenError('MODULE_NOT_FOUND');
      throw this.moduleError;
    }
    const set = ModuleSet.open(search, this.options.loadModule);
    for (const failure of set.failed)
      this.options.log.warn('pkcs11 module failed to load', {
        path: failure.candidate.path,
        code: failure.error.code,
      });
    if (set.loaded.length === 0) {
      this.moduleError = set.failed[0]!.error;
      throw this.moduleError;
    }
    this.module = set;
    this.moduleError = undefined;
    this.options.log.info('pkcs11 modules loaded', { paths: set.paths });
    return set;
  }

  moduleInfo(): ModuleInfo {
    try {
      const set = this.load();
      return {
        status: 'loaded',
        path: set.paths.join('; '),
        description: set.loaded
          .map(({ module }) => {
            try {
              const described = module.describe();
              return `${described.description} (${described.manufacturer})`;
            } catch {
              return module.path;
            }
          })
          .join('; '),
      };
    } catch (error) {
      const typed = error as HocbaError;
      return {
        status: typed.code === 'MODULE_NOT_FOUND' ? 'notFound' : 'failed',
        ...(this.options.module ? { path: this.options.module } : {}),
        error: typed.toJSON(),
      };
    }
  }

  /**
   * Reinitialises the modules (C_Finalize, C_Initialize) when no login is held and the last
   * time was long enough ago; true when it did. Never under a login: its session would end.
   */
  private rescan(): boolean {
    if (!this.module || this.session || Date.now() - this.rescannedAt < RESCAN_INTERVAL_MS) return false;
    this.rescannedAt = Date.now();
    this.options.log.info('pkcs11 modules reinitialised to look for tokens again');
    this.module.close();
    this.module = undefined;
    return true;
  }

  listTokens(): TokenInfo[] {
    const tokens = this.load().listTokens();
    return tokens.length === 0 && this.rescan() ? this.load().listTokens() : tokens;
  }

  tokenCount(): number {
    const count = () => {
      try {
        return this.load().tokens().length;
      } catch {
        return 0;
      }
    };
    const seen = count();
    return seen === 0 && this.rescan() ? count() : seen;
  }

  get session(): Pkcs11Session | undefined {
    const session = this.module?.session;
    return session?.isOpen ? session : undefined;
  }

  sessionOf(owner: string): Pkcs11Session | undefined {
    return this.owner === owner ? this.session : undefined;
  }

  login(owner: string, serial: string, pin: string, confirmFinalTry: boolean | undefined): Pkcs11Session {
    this.logout('replaced');
    let session: Pkcs11Session;
    try {
      session = this.load().login({ serial }, pin, { confirmFinalTry });
    } catch (error) {
      // The token put back after it was taken away: seen once the modules start again.
      const code = (error as HocbaError).code;
      if (
        !(code === 'TOKEN_NOT_FOUND' || code === 'TOKEN_NOT_PRESENT' || code === 'TOKEN_REMOVED') ||
        !this.rescan()
      )
        throw error;
      session = this.load().login({ serial }, pin, { confirmFinalTry });
    }
    this.owner = owner;
    this.touch();
    return session;
  }

  /** Restarts the idle countdown (each signed document counts as activity). */
  touch(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.logout('idle'), this.options.idleTimeoutSeconds * 1000);
    this.idleTimer.unref();
  }

  /** Ends the login, if any (and only the owner's when `owner` is given). Returns whether one ended. */
  logout(reason: string, owner?: string): boolean {
    if (owner !== undefined && owner !== this.owner) return false;
    clearTimeout(this.idleTimer);
    const session = this.session;
    this.owner = undefined;
    if (!session) return false;
    session.logout();
    this.options.log.info('token logged out', { reason, serial: session.token.serial });
    return true;
  }

  get idleTimeoutSeconds(): number {
    return this.options.idleTimeoutSeconds;
  }

  close(): void {
    this.logout('shutdown');
    this.module?.close();
    this.module = undefined;
  }
}
