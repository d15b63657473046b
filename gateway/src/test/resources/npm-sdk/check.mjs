// The official openai npm SDK against keel gateway: one whole answer, one stream with usage, one bad key.
// Prints one JSON line with what it saw; NpmSdkIT asserts on it.
import OpenAI from 'openai';

const baseURL = process.env.KEEL_GATEWAY_URL;
const client = new OpenAI({ apiKey: process.env.KEEL_API_KEY, baseURL, maxRetries: 0 });
const prompt = process.env.KEEL_PROMPT;

const whole = await client.chat.completions.create({
  model: 'keel', max_tokens: 32, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: prompt }],
});

const stream = await client.chat.completions.create({
  model: 'keel', max_tokens: 32, stream: true, stream_options: { include_usage: true },
  messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: prompt }],
});
let streamed = '';
let usage = null;
let finish = null;
for await (const chunk of stream) {
  for (const choice of chunk.choices) {
    streamed += choice.delta?.content ?? '';
    finish = choice.finish_reason ?? finish;
  }
  if (chunk.usage) usage = chunk.usage;
}

let authStatus = null;
let authCode = null;
try {
  await new OpenAI({ apiKey: 'sk-wrong', baseURL, maxRetries: 0 }).chat.completions.create({
    model: 'keel', messages: [{ role: 'user', content: 'hello' }],
  });
} catch (e) {
  authStatus = e instanceof OpenAI.AuthenticationError ? e.status : -1;
  authCode = e.code ?? null;
}

console.log(JSON.stringify({
  wholeText: whole.choices[0].message.content, wholeUsage: whole.usage, model: whole.model,
  streamed, streamUsage: usage, finish, authStatus, authCode,
}));
