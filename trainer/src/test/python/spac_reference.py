#!/usr/bin/python3
"""Independent float64 PyTorch reference for the trainer's SpacLoss.

Writes trainer/src/test/resources/reference/spac_reference.json: fixed inputs, and for each
objective (the spac, dpo and spin presets, and every pessimism form crossed with every
data-responses setting) the loss value and its gradient with respect to the policy
log-probabilities. SpacLossReferenceTest reads that file; CI needs no Python.

Regenerate from the repository root with Debian's PyTorch (the python3 first on PATH may be
another interpreter without torch):

    apt-get install -y python3-torch
    /usr/bin/python3 trainer/src/test/python/spac_reference.py

The loss is written here the way the SPAC objective reads per prompt, not the way SpacLoss
computes it over flattened rows. Prompt i has a chosen response y+, a rejected response y-
and S self-play responses y'_1..y'_S, with implicit reward f(y) = beta * (log pi(y) - log ref(y)):

    L_i = w_bt * (-log sigmoid(f(y+) - f(y-)))
          + lambda * mean over s of mean over y in D of p(f(y), f(y'_s))
    L   = mean over prompts of L_i

    linear:          p(a, b) = b - a
    logsigmoid_self: p(a, b) = -log sigmoid(-b)
    logsigmoid_diff: p(a, b) = -log sigmoid(a - b)

with D = {y+} or {y+, y-}. The trainer repeats a prompt's pair once per self-play sample and
averages over those rows, which is the same quantity when every prompt has S samples; the
Java test builds the rows from these per-prompt arrays, so the gradients here are the
per-prompt ones (summed over a pair's copies). Log-sigmoid is torch's own, not softplus(-z),
so the two implementations share no numerical shortcut.

Every input value is a multiple of 1/8, exact in float32 as well as float64.
"""

import json
import os
import re

import torch
import torch.nn.functional as F

OUTPUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "resources", "reference",
                      "spac_reference.json")

# The presets as TrainerConfig defines them; SPAC and SPIN score rewards against the round's
# starting policy pi_t, DPO against the warm-start policy pi_ref.
PRESETS = {
    "spac": dict(beta=0.1, lam=1.0, bt_weight=1.0, form="LOGSIGMOID_DIFF", data="CHOSEN_AND_REJECTED",
                 reference="PI_T"),
    "dpo": dict(beta=0.1, lam=0.0, bt_weight=1.0, form="LOGSIGMOID_DIFF", data="CHOSEN", reference="PI_REF"),
    "spin": dict(beta=0.1, lam=1.0, bt_weight=0.0, form="LOGSIGMOID_DIFF", data="CHOSEN", reference="PI_T"),
}

FORMS = ("LINEAR", "LOGSIGMOID_SELF", "LOGSIGMOID_DIFF")
DATA_RESPONSES = ("CHOSEN", "CHOSEN_AND_REJECTED")

# Weights of the form/data grid: all non-zero and unequal, so a swapped weight shows.
GRID = dict(beta=0.25, lam=1.5, bt_weight=0.75)

# Sequence log-probabilities. self_play is [prompts][samples]. Each input has the policy
# (the differentiated leaf), pi_t and pi_ref scores of the same sequences.
INPUTS = [
    {
        "name": "one_sample_per_prompt",
        "policy": {"chosen": [-12.5, -30.25, -7.0, -18.75], "rejected": [-14.0, -28.5, -9.25, -18.0],
                   "self_play": [[-11.0], [-33.0], [-6.5], [-20.0]]},
        "pi_t": {"chosen": [-13.0, -29.75, -7.5, -19.0], "rejected": [-13.5, -29.0, -9.0, -17.5],
                 "self_play": [[-11.5], [-32.0], [-7.0], [-19.25]]},
        "pi_ref": {"chosen": [-15.0, -31.0, -8.25, -21.5], "rejected": [-12.0, -27.0, -10.0, -16.5],
                   "self_play": [[-9.5], [-35.0], [-6.0], [-22.75]]},
    },
    {
        "name": "three_samples_per_prompt",
        "policy": {"chosen": [-20.0, -5.5, -41.25], "rejected": [-22.5, -6.0, -39.0],
                   "self_play": [[-18.0, -25.5, -21.125], [-4.0, -9.75, -5.5], [-44.0, -38.5, -50.25]]},
        "pi_t": {"chosen": [-21.0, -5.0, -40.0], "rejected": [-21.5, -7.25, -40.5],
                 "self_play": [[-18.5, -24.0, -22.0], [-4.5, -9.0, -6.25], [-43.0, -39.5, -47.0]]},
        "pi_ref": {"chosen": [-24.0, -6.5, -45.0], "rejected": [-19.0, -4.75, -36.0],
                   "self_play": [[-16.0, -27.0, -20.0], [-3.0, -11.5, -4.25], [-48.0, -36.0, -52.5]]},
    },
    {
        # rewards of tens of nats: -log sigmoid must neither overflow nor lose its gradient
        "name": "large_margins",
        "policy": {"chosen": [-40.0, -900.0], "rejected": [-700.0, -60.0],
                   "self_play": [[-650.0, -35.0], [-1200.0, -20.0]]},
        "pi_t": {"chosen": [-300.0, -400.0], "rejected": [-100.0, -500.0],
                 "self_play": [[-90.0, -400.0], [-600.0, -450.0]]},
        "pi_ref": {"chosen": [-500.0, -100.0], "rejected": [-80.0, -950.0],
                   "self_play": [[-100.0, -800.0], [-300.0, -900.0]]},
    },
]


def pessimism(form, data_reward, self_reward):
    """p(f(y), f(y')) of one data response against every self-play response, elementwise."""
    if form == "LINEAR":
        return self_reward - data_reward
    if form == "LOGSIGMOID_SELF":
        return -F.logsigmoid(-self_reward)
    if form == "LOGSIGMOID_DIFF":
        return -F.logsigmoid(data_reward - self_reward)
    raise ValueError(form)


def spac_loss(policy, ref, beta, lam, bt_weight, form, data):
    """The per-prompt objective above, averaged over prompts."""
    def reward(part):
        return beta * (policy[part] - ref[part])

    chosen = reward("chosen").unsqueeze(1)        # [N, 1]
    rejected = reward("rejected").unsqueeze(1)    # [N, 1]
    self_play = reward("self_play")               # [N, S]
    bradley_terry = -F.logsigmoid(chosen - rejected).squeeze(1)
    responses = [chosen] if data == "CHOSEN" else [chosen, rejected]
    per_response = torch.stack([pessimism(form, y, self_play) for y in responses])  # [|D|, N, S]
    per_prompt_pessimism = per_response.mean(dim=0).mean(dim=1)
    return (bt_weight * bradley_terry + lam * per_prompt_pessimism).mean()


def tensors(scores, requires_grad):
    return {part: torch.tensor(values, dtype=torch.float64, requires_grad=requires_grad)
            for part, values in scores.items()}


def evaluate(item, label, preset, knobs):
    policy = tensors(item["policy"], True)
    ref = tensors(item["pi_t" if knobs["reference"] == "PI_T" else "pi_ref"], False)
    loss = spac_loss(policy, ref, knobs["beta"], knobs["lam"], knobs["bt_weight"], knobs["form"], knobs["data"])
    loss.backward()
    return {
        "input": item["name"],
        "label": label,
        "preset": preset,
        "beta": knobs["beta"],
        "lambda": knobs["lam"],
        "bt_weight": knobs["bt_weight"],
        "pessimism_form": knobs["form"],
        "data_responses": knobs["data"],
        "reference": knobs["reference"],
        "loss": loss.item(),
        "gradient": {part: tensor.grad.tolist() for part, tensor in policy.items()},
    }


def compact_lists(text):
    """Puts each list of numbers, and each list of such lists, on one line."""
    flat = re.sub(r"\[[^\[\]{}]*\]", lambda m: " ".join(m.group(0).split()).replace("[ ", "[").replace(" ]", "]"),
                  text)
    return re.sub(r"\[\s*(\[[^\[\]{}]*\](?:,\s*\[[^\[\]{}]*\])*)\s*\]",
                  lambda m: "[" + re.sub(r"\],\s*\[", "], [", m.group(1)) + "]", flat)


def main():
    cases = []
    for item in INPUTS:
        for name, knobs in PRESETS.items():
            cases.append(evaluate(item, name + " preset", name, knobs))
        for form in FORMS:
            for data in DATA_RESPONSES:
                knobs = dict(GRID, form=form, data=data, reference="PI_T")
                cases.append(evaluate(item, form + " / " + data, None, knobs))
    document = {
        "generator": "trainer/src/test/python/spac_reference.py",
        "torch_version": torch.__version__,
        "dtype": "float64",
        "inputs": INPUTS,
        "cases": cases,
    }
    with open(OUTPUT, "w", encoding="utf-8") as out:
        out.write(compact_lists(json.dumps(document, indent=1)) + "\n")
    print("wrote %d cases to %s" % (len(cases), os.path.normpath(OUTPUT)))


if __name__ == "__main__":
    main()
