export type {
  ChatCallOptions,
  ChatChoice,
  ChatClient,
  ChatMessage,
  ChatRequest,
  ChatResponse,
  ContentPart,
  FinishReason,
  ResponseFormat,
  Tool,
  ToolCall,
  ToolChoice,
  Usage,
} from './types.js';
export type {
  Annotation,
  AssistantMessage,
  AudioPart,
  CacheControl,
  ChatChunk,
  ChatChunkChoice,
  ChatDelta,
  ChatStream,
  ChoiceError,
  Embedding,
  EmbeddingClient,
  EmbeddingResponse,
  EmbeddingUsage,
  EmbedOptions,
  FilePart,
  ImagePart,
  Plugin,
  StreamingChatClient,
  TextPart,
  ToolCallDelta,
} from './types.js';
export { DEFAULT_EMBEDDING_MODEL } from './embed.js';
export { cosineSimilarity, lexicalEmbedding, OFFLINE_EMBEDDING_DIMENSIONS } from './offline-embed.js';
export { BufferedChatStream, ResponseAssembler } from './stream.js';
export type { StreamProducer } from './stream.js';
export { OpenRouterError } from './errors.js';
export type { LocalErrorCode, OpenRouterErrorOptions } from './errors.js';
export { DEFAULT_MODEL_PRICE, estimateCost, MODEL_PRICES } from './pricing.js';
export type { ModelPrice } from './pricing.js';
export type { Sleep } from './sleep.js';
export { OfflineClient } from './offline.js';
export type { OfflineClientOptions } from './offline.js';
export { OpenRouterClient } from './http.js';
export type { OpenRouterClientOptions } from './http.js';
export { createClient, isOfflineEnv } from './create-client.js';
export type { CreateClientOptions, Env, WorkbookClient } from './create-client.js';
