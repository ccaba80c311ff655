"""Can a support judge be learned from the project's own labelled cases? A cross-encoder
(all-MiniLM-L6-v2 with a one-logit head, passage and claim read together) fine-tuned on
the development judge cases, scored out of fold: five folds by case file, so a fold is
judged by a model that never saw its file (its passages, its kind of flip).

    python benchmarks/judge_learned.py [--epochs 4] [--lr 4e-5]    # about 25 min here

Prints the model's out-of-fold AUC and the offline judge alone against the judge with the
model as a veto (a claim kept only when the model's probability reaches the threshold).
The unseen and hold-out cases are never read. Numbers, not assertions: see README
"The support judge". Needs torch and transformers (core dependencies).
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Iterator, Sequence

from judge_knobs import development_files, line

from stepqa.config import Settings
from stepqa.embedder import packaged_minilm_path
from stepqa.evaluation.dataset import JudgeCase, load_judge_cases
from stepqa.evaluation.runner import eval_assistant

FOLDS = 5
BATCH = 16


def batches(tokenizer, cases: Sequence[JudgeCase], size: int, seed: int | None = None) -> Iterator:
    import torch

    order = list(cases)
    if seed is not None:
        random.Random(seed).shuffle(order)
    for i in range(0, len(order), size):
        part = order[i:i + size]
        encoded = tokenizer([c.passage for c in part], [c.claim for c in part], truncation=True,
                            max_length=256, padding=True, return_tensors="pt")
        yield encoded, torch.tensor([float(c.supported) for c in part])


def fine_tune(train: Sequence[JudgeCase], epochs: int, lr: float):
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.manual_seed(0)
    tokenizer = AutoTokenizer.from_pretrained(packaged_minilm_path())
    model = AutoModelForSequenceClassification.from_pretrained(packaged_minilm_path(), num_labels=1)
    optimiser = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    steps = epochs * -(-len(train) // BATCH)
    schedule = torch.optim.lr_scheduler.LambdaLR(  # 10 % warm-up, then linear decay
        optimiser, lambda s: min(1.0, (s + 1) / (0.1 * steps)) * max(0.0, 1 - s / steps))
    model.train()
    for epoch in range(epochs):
        for encoded, labels in batches(tokenizer, train, BATCH, seed=epoch):
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                model(**encoded).logits.squeeze(-1), labels)
            loss.backward()
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
    return tokenizer, model.eval()


def main() -> None:
    import torch

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--lr", type=float, default=4e-5)
    args = parser.parse_args()
    torch.set_num_threads(2)

    files = development_files()
    random.Random(0).shuffle(files)
    by_file = {path: load_judge_cases(path) for path in files}
    judge = eval_assistant(Settings()).judge  # the verifier `stepqa eval` uses
    cases: list[JudgeCase] = []
    probability: list[float] = []
    for k in range(FOLDS):
        started = time.perf_counter()
        held = files[k::FOLDS]
        train = [c for path in files if path not in held for c in by_file[path]]
        test = [c for path in held for c in by_file[path]]
        tokenizer, model = fine_tune(train, args.epochs, args.lr)
        with torch.no_grad():
            for encoded, _ in batches(tokenizer, test, 32):
                probability += torch.sigmoid(model(**encoded).logits.squeeze(-1)).tolist()
        cases += test
        print(f"fold {k + 1}/{FOLDS}: trained on {len(train)}, judged {len(test)} "
              f"({time.perf_counter() - started:.0f} s)", flush=True)

    rules = [judge.judge(c.claim, [c.passage]).supported for c in cases]
    positive = [p for p, c in zip(probability, cases) if c.supported]
    negative = [p for p, c in zip(probability, cases) if not c.supported]
    auc = sum((a > b) + 0.5 * (a == b) for a in positive for b in negative) / (len(positive) * len(negative))
    print(f"\n{len(cases)} development cases, {len(positive)} supported; judge version {judge.version}; "
          f"{args.epochs} epochs at {args.lr:g}")
    print(f"out-of-fold AUC of the learned model: {auc:.3f} (0.5 is chance)\n")
    print("| judge | accuracy | precision | recall | false accepts | false rejects |")
    print("|---|---|---|---|---|---|")
    print(line("offline judge", rules, cases))
    print(line("learned model alone (p ≥ 0.5)", [p >= 0.5 for p in probability], cases))
    for threshold in (0.1, 0.3, 0.5):
        print(line(f"offline judge, learned veto below {threshold}",
                   [r and p >= threshold for r, p in zip(rules, probability)], cases))


if __name__ == "__main__":
    main()
