"""Every registered claim (hpgviz/content/claims.py) holds in the model as it stands: each check runs the
model through the public API, so a change to the model that breaks a sentence a reader sees fails here,
with the sentence and the measured values. A claim marked pending names the branch whose model change
makes it true: a strict expected failure until then."""
import pytest

from hpgviz.content.claims import CLAIMS


def _param(claim):
    marks = [pytest.mark.xfail(strict=True, reason=f"true once the {claim.pending} branch's model is merged")
             ] if claim.pending else []
    return pytest.param(claim, id=claim.key, marks=marks)


@pytest.mark.parametrize("claim", [_param(c) for c in CLAIMS])
def test_claim_holds(claim):
    holds, measured = claim.check()
    assert holds, f"{claim.where}: {claim.text!r} no longer holds ({claim.scenario}): {measured}"


def test_claim_keys_and_texts_are_unique():
    for attr in ("key", "text"):
        values = [getattr(c, attr) for c in CLAIMS]
        assert len(values) == len(set(values)), f"duplicate claim {attr}"
