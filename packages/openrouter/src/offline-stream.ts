import type { ChatChunk, ChatResponse } from './types.js';

/** A chunk of a simulated stream and how many completion tokens it carries (its share of the pacing). */
export interface PacedChunk {
  chunk: ChatChunk;
  tokens: number;
}

/**
 * The chunks OpenRouter would send for `response`, with stable boundaries: one chunk per word of the content
 * (each word with the whitespace before it, so the pieces join back to the exact text), the first one carrying
 * `role`; a tool-calling answer sends its calls in one chunk. Then a chunk with the `finish_reason`, and a last
 * one with `choices: []` and the `usage`, as OpenRouter does before `data: [DONE]`.
 */
export function chunksOf(response: ChatResponse): PacedChunk[] {
  const { id, created, model, provider } = response;
  const make = (choices: ChatChunk['choices'], extra: Partial<ChatChunk> = {}): ChatChunk => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    ...(provider === undefined ? {} : { provider }),
    choices,
    ...extra,
  });
  const out: PacedChunk[] = [];
  for (const choice of response.choices) {
    const { index, message } = choice;
    if (message.tool_calls?.length) {
      const calls = message.tool_calls.map((call, at) => ({ index: at, id: call.id, type: call.type, function: { ...call.function } }));
      const chunk = make([{ index, delta: { role: 'assistant', content: null, tool_calls: calls }, finish_reason: null }]);
      out.push({ chunk, tokens: Math.max(1, tokensIn(JSON.stringify(calls))) });
    } else {
      const pieces = wordsOf(message.content ?? '');
      if (pieces.length === 0) pieces.push('');
      pieces.forEach((piece, at) => {
        const delta = at === 0 ? { role: 'assistant' as const, content: piece } : { content: piece };
        out.push({ chunk: make([{ index, delta, finish_reason: null }]), tokens: tokensIn(piece) });
      });
    }
    const finish = { index, delta: {}, finish_reason: choice.finish_reason, native_finish_reason: choice.native_finish_reason ?? null };
    out.push({ chunk: make([finish]), tokens: 0 });
  }
  out.push({ chunk: make([], response.usage ? { usage: response.usage } : {}), tokens: 0 });
  return out;
}

/**
 * The wait before each chunk, in ms: the first chunk after `firstTokenMs` (at most `totalMs`), the rest of
 * `totalMs` shared out by the tokens each later chunk carries, rounded so the waits add up to exactly `totalMs`.
 * With the offline defaults (250 ms + 6 ms per token) that is 250 ms to the first word, then about 6 ms per token.
 */
export function pacing(chunks: readonly PacedChunk[], totalMs: number, firstTokenMs: number): number[] {
  const first = Math.min(firstTokenMs, totalMs);
  const rest = totalMs - first;
  const weights = chunks.map(({ tokens }, at) => (at === 0 ? 0 : tokens));
  const sum = weights.reduce((a, b) => a + b, 0);
  let before = 0;
  let cumulative = 0;
  return weights.map((weight, at) => {
    if (at === 0) return first;
    cumulative += weight;
    const until = sum === 0 ? rest : Math.round((rest * cumulative) / sum);
    const wait = until - before;
    before = until;
    return wait;
  });
}

/** Words with the whitespace before them; trailing whitespace stays on the last piece. */
function wordsOf(text: string): string[] {
  return text.match(/\s*\S+\s*$|\s*\S+|\s+$/gu) ?? [];
}

/** About four characters per token, the usual rule of thumb for English text (as the offline usage counts). */
function tokensIn(text: string): number {
  return Math.ceil(text.length / 4);
}
