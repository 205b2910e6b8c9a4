declare module 'wasi:config/runtime@0.2.0-draft' {
  /**
   * Gets a single opaque config value set at the given key if it exists
   */
  export function get(key: string): string | undefined;
  /**
   * Gets a list of all set config data
   */
  export function getAll(): Array<[string, string]>;
  /**
   * An error type that encapsulates the different errors that can occur fetching config
   */
  export type ConfigError = ConfigErrorUpstream | ConfigErrorIo;
  /**
   * This indicates an error from an "upstream" config source.
   */
  export interface ConfigErrorUpstream {
    tag: 'upstream',
    val: string,
  }
  /**
   * This indicates an error from an I/O operation.
   */
  export interface ConfigErrorIo {
    tag: 'io',
    val: string,
  }
}
