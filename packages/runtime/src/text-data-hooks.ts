/** The hooks (data-run-hooks.ts) through which text data adds its lines, checks and metric to a run. */
import type { DataRunHooks } from "./data-run-hooks.ts";
import { DataError } from "./data-error.ts";
import { natsMetric } from "./text-data-metric.ts";
import { checkTextFits, textSummary, textVerdict, type TextInfo } from "./text-data-report.ts";

/** What text data adds to a training run (data-run-hooks.ts). */
export function textRunHooks(t: TextInfo): DataRunHooks {
  return {
    summary: () => textSummary(t),
    checkFits: (meta) => {
      checkTextFits(meta, t);
    },
    metrics: (meta) => {
      const nats = natsMetric(meta);
      return nats === null ? [] : [nats];
    },
    verdict: (valMetrics) => textVerdict(t, valMetrics?.["nats"]),
    vocab: t.vocab,
    checkResume: (saved, path) => {
      checkResumedVocab(saved, t, path);
    },
  };
}

/**
 * Resuming on text data: the checkpoint must have a vocabulary, and it must be the data's, id for id
 * (E0641). A checkpoint without one was trained on other data: its ids stand for no characters.
 */
function checkResumedVocab(saved: readonly string[] | undefined, text: TextInfo, path: string): void {
  if (saved === undefined) {
    throw new DataError("E0641", `the checkpoint \`${path}\` has no vocabulary: it was not trained on text data, so its ids stand for none of \`${text.file}\`'s characters`, {
      file: path,
      help: "resume from a checkpoint saved by training on text data (`chars(…)`, `names()`), or train afresh without --resume",
    });
  }
  if (saved.length === text.vocab.length && saved.every((c, i) => c === text.vocab[i])) return;
  // The characters themselves when short enough to read (they are printable: vocabProblem, text-data-lines.ts).
  const chars = (v: readonly string[]): string => (v.length <= 64 ? ` (${JSON.stringify(v.join(""))})` : "");
  throw new DataError("E0641", `the checkpoint \`${path}\` was trained with a vocabulary of ${saved.length} characters${chars(saved)}, but \`${text.file}\` gives ${text.vocab.length}${chars(text.vocab)}`, {
    file: path,
    help: "resume with the same text data and split (`val`, `seed`), or train afresh without --resume",
  });
}
