/// <reference path="./interfaces/wasi-clocks-monotonic-clock.d.ts" />
/// <reference path="./interfaces/wasi-config-runtime.d.ts" />
/// <reference path="./interfaces/wasi-http-incoming-handler.d.ts" />
/// <reference path="./interfaces/wasi-http-types.d.ts" />
/// <reference path="./interfaces/wasi-io-error.d.ts" />
/// <reference path="./interfaces/wasi-io-poll.d.ts" />
/// <reference path="./interfaces/wasi-io-streams.d.ts" />
/// <reference path="./interfaces/wasi-logging-logging.d.ts" />
/// <reference path="./interfaces/wasmcloud-messaging-consumer.d.ts" />
/// <reference path="./interfaces/wasmcloud-messaging-handler.d.ts" />
/// <reference path="./interfaces/wasmcloud-messaging-types.d.ts" />
/// <reference path="./interfaces/wasmcloud-postgres-query.d.ts" />
/// <reference path="./interfaces/wasmcloud-postgres-types.d.ts" />
/// <reference path="./interfaces/wasmcloud-task-manager-tasks.d.ts" />
/// <reference path="./interfaces/wasmcloud-task-manager-types.d.ts" />
declare module 'wasmcloud:image-processor/task-manager@0.1.0' {
  export type * as WasiClocksMonotonicClock021 from 'wasi:clocks/monotonic-clock@0.2.1'; // import wasi:clocks/monotonic-clock@0.2.1
  export type * as WasiConfigRuntime020Draft from 'wasi:config/runtime@0.2.0-draft'; // import wasi:config/runtime@0.2.0-draft
  export type * as WasiHttpTypes021 from 'wasi:http/types@0.2.1'; // import wasi:http/types@0.2.1
  export type * as WasiIoError021 from 'wasi:io/error@0.2.1'; // import wasi:io/error@0.2.1
  export type * as WasiIoPoll021 from 'wasi:io/poll@0.2.1'; // import wasi:io/poll@0.2.1
  export type * as WasiIoStreams021 from 'wasi:io/streams@0.2.1'; // import wasi:io/streams@0.2.1
  export type * as WasiLoggingLogging010Draft from 'wasi:logging/logging@0.1.0-draft'; // import wasi:logging/logging@0.1.0-draft
  export type * as WasmcloudMessagingConsumer020 from 'wasmcloud:messaging/consumer@0.2.0'; // import wasmcloud:messaging/consumer@0.2.0
  export type * as WasmcloudMessagingTypes020 from 'wasmcloud:messaging/types@0.2.0'; // import wasmcloud:messaging/types@0.2.0
  export type * as WasmcloudPostgresQuery011Draft from 'wasmcloud:postgres/query@0.1.1-draft'; // import wasmcloud:postgres/query@0.1.1-draft
  export type * as WasmcloudPostgresTypes011Draft from 'wasmcloud:postgres/types@0.1.1-draft'; // import wasmcloud:postgres/types@0.1.1-draft
  export type * as WasmcloudTaskManagerTypes010Draft from 'wasmcloud:task-manager/types@0.1.0-draft'; // import wasmcloud:task-manager/types@0.1.0-draft
  export * as tasks from 'wasmcloud:task-manager/tasks@0.1.0-draft'; // export wasmcloud:task-manager/tasks@0.1.0-draft
  export * as incomingHandler from 'wasi:http/incoming-handler@0.2.1'; // export wasi:http/incoming-handler@0.2.1
  export * as handler from 'wasmcloud:messaging/handler@0.2.0'; // export wasmcloud:messaging/handler@0.2.0
}
