"""python manage.py match [--dry-run] [--json]: propose buddies for every waiting resident."""

import json

from django.core.management.base import BaseCommand
from django.utils import translation

from scheduling.matching import services as matching_service
from scheduling.matching.explain import Names, describe_unmatched


class Command(BaseCommand):
    help = "Propose a buddy for every waiting resident (one optimal batch)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be proposed; write nothing."
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, dry_run: bool = False, json: bool = False, **options):
        translation.activate("en")
        if dry_run:
            result = matching_service.compute()
            summary = {
                "dry_run": True,
                **result.counts,
                "candidate_pairs": result.candidate_pairs,
                "matched": len(result.proposals),
                "unmatched": len(result.unmatched),
                "total_score": result.total_score,
                "solver_seconds": round(result.solver_seconds, 3),
                "proposals": [self._proposal(p) for p in result.proposals],
                "unmatched_residents": self._unmatched(result.unmatched),
            }
        else:
            run = matching_service.run_now(reason="manage.py match")
            summary = {
                "dry_run": False,
                "run": run.pk,
                "status": run.status,
                "residents": run.residents_count,
                "volunteers": run.volunteers_count,
                "places": run.places_count,
                "candidate_pairs": run.candidate_pairs,
                "matched": run.matched_count,
                "unmatched": run.unmatched_count,
                "total_score": run.total_score,
                "solver_seconds": round(run.solver_seconds, 3),
                "seconds": round(run.seconds, 3),
                "error": run.error,
            }
        self._print(summary, as_json=json)

    def _proposal(self, proposal) -> dict:
        return {
            "resident": proposal.resident,
            "volunteer": proposal.volunteer,
            "place": proposal.place,
            "score": proposal.score,
            "explanation": matching_service.parts_as_data(proposal.parts),
        }

    def _unmatched(self, unmatched) -> list[dict]:
        names = Names.load()
        return [
            {
                "resident": u.resident,
                "rule": u.rule,
                "params": u.params,
                "reason": describe_unmatched(u.rule, u.params, names),
            }
            for u in unmatched
        ]

    def _print(self, summary: dict, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(summary, default=str))
            return
        lines = [
            f"{key}: {value}"
            for key, value in summary.items()
            if key not in ("proposals", "unmatched_residents")
        ]
        for row in summary.get("unmatched_residents", []):
            lines.append(f"  resident {row['resident']}: {row['reason']}")
        self.stdout.write("\n".join(lines))
