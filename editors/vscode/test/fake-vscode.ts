/**
 * A stand-in for the `vscode` module, enough for the bundled extension and vscode-languageclient to
 * activate, start the server, finish the LSP handshake and stop it. What the test looks at is real:
 * the settings it reads, the providers the client registers (one per capability the server announced),
 * the log lines and error messages. Everything else answers with an inert, callable placeholder.
 */

/** A value that can be read, called and constructed to any depth, and is never a thenable. */
function inert(): unknown {
  const target = function placeholder(): void {
    /* inert */
  };
  const handler: ProxyHandler<typeof target> = {
    get: (_t, key) => {
      if (key === "then") return undefined;
      if (key === Symbol.iterator) return function* empty(): Generator<never> {
        /* no items */
      };
      if (key === "dispose") return () => undefined;
      return inert();
    },
    apply: () => inert(),
    construct: () => inert() as object,
  };
  return new Proxy(target, handler);
}

/** An object whose listed members are real, whose `onX` members are events, and whose other members are inert. */
function partial(members: Record<string, unknown>): object {
  return new Proxy(members, {
    get: (t, key) => {
      if (typeof key === "string" && key in t) return t[key];
      if (key === "then") return undefined;
      if (typeof key === "string" && key.startsWith("on")) return () => new Disposable(() => undefined);
      return inert();
    },
  });
}

class Disposable {
  constructor(private readonly onDispose: () => void) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => {
      for (const i of items) i.dispose();
    });
  }
  dispose(): void {
    this.onDispose();
  }
}

class EventEmitter<T> {
  private readonly listeners: ((e: T) => void)[] = [];
  readonly event = (listener: (e: T) => void): Disposable => {
    this.listeners.push(listener);
    return new Disposable(() => undefined);
  };
  fire(e: T): void {
    for (const l of this.listeners) l(e);
  }
  dispose(): void {
    this.listeners.length = 0;
  }
}

export interface FakeHost {
  /** The module object `require("vscode")` returns. */
  readonly api: object;
  /** `languages.registerXProvider` calls, by name, in order. */
  readonly registered: string[];
  /** Lines written to the output channel and error messages shown. */
  readonly logs: string[];
  readonly commands: string[];
}

export function fakeVscode(options: { workspaceFolder: string; settings: Record<string, unknown>; trusted: boolean }): FakeHost {
  const registered: string[] = [];
  const logs: string[] = [];
  const commands: string[] = [];
  const uri = { scheme: "file", fsPath: options.workspaceFolder, path: options.workspaceFolder, toString: () => `file://${options.workspaceFolder}` };
  const channel = new Proxy(
    {},
    {
      get: (_t, key) => {
        if (key === "then") return undefined;
        return (...args: unknown[]) => {
          if (typeof key === "string" && !key.startsWith("on")) logs.push(`${key}: ${args.map(String).join(" ")}`);
          return new Disposable(() => undefined);
        };
      },
    },
  );
  const api = partial({
    version: "1.91.0",
    Disposable,
    EventEmitter,
    workspace: partial({
      workspaceFolders: [{ uri, name: "workspace", index: 0 }],
      isTrusted: options.trusted,
      textDocuments: [],
      getConfiguration: (section?: string) => ({
        get: (key: string, fallback?: unknown) => options.settings[section === undefined ? key : `${section}.${key}`] ?? fallback,
        has: () => false,
        inspect: () => undefined,
        update: () => Promise.resolve(),
      }),
    }),
    window: partial({
      createOutputChannel: () => channel,
      showErrorMessage: (message: string) => {
        logs.push(`error message: ${message}`);
        return Promise.resolve(undefined);
      },
    }),
    commands: partial({
      registerCommand: (name: string) => {
        commands.push(name);
        return new Disposable(() => undefined);
      },
      executeCommand: () => Promise.resolve(undefined),
    }),
    languages: new Proxy(
      {},
      {
        get: (_t, key) => {
          if (key === "then") return undefined;
          if (typeof key === "string" && key.startsWith("register")) {
            return () => {
              registered.push(key);
              return new Disposable(() => undefined);
            };
          }
          if (typeof key === "string" && key.startsWith("on")) return () => new Disposable(() => undefined);
          return inert();
        },
      },
    ),
  });
  return { api, registered, logs, commands };
}
