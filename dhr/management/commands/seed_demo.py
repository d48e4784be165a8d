import json

from django.core.management.base import BaseCommand, CommandError

from dhr import demo


class Command(BaseCommand):
    help = (
        "Loads fictional demo data (partnerships, agencies, users of every role, reviews). "
        "Safe to run again: it changes nothing the second time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reviews",
            type=int,
            default=0,
            metavar="N",
            help="Also add N generated reviews with realistic volumes (for load tests).",
        )
        parser.add_argument(
            "--national",
            action="store_true",
            help="Load the national data set instead (300 partnerships, 5,000 reviews, 20,000 "
            "users, 2,000,000 chronology entries at --scale 1.0), written in bulk; prints each "
            "part's time. Into a database without a national data set.",
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="With --national: the share of the national size (0.1 is a tenth).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=2026,
            help="With --national: the random seed; the same seed gives the same data.",
        )
        parser.add_argument(
            "--manifest",
            metavar="FILE",
            help="Write the demo sign-ins and who can open each review to FILE as JSON.",
        )

    def handle(self, *args, **options):
        if options["national"]:
            return self._national(options)
        if options["reviews"] < 0:
            raise CommandError("--reviews must be zero or more.")
        demo.seed(generated_reviews=options["reviews"])
        data = demo.manifest()
        if options["manifest"]:
            with open(options["manifest"], "w", encoding="utf-8") as out:
                json.dump(data, out, indent=2)
            self.stdout.write(f"Manifest written to {options['manifest']}")
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
        self.stdout.write("Demo sign-ins (every password is the same):")
        for user in data["users"]:
            self.stdout.write(f"  {user['role']:<16} {user['username']:<32} {user['password']}")

    def _national(self, options):
        from dhr import national

        if not 0 < options["scale"] <= 10:
            raise CommandError("--scale must be more than 0 and at most 10.")
        if national.already_loaded():
            raise CommandError("This database already has a national data set.")
        self.stdout.write(
            f"Loading the national data set at scale {options['scale']} (seed {options['seed']}):"
        )
        ctx = national.generate(scale=options["scale"], seed=options["seed"], out=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("National data set loaded."))
        for line in national.summary(ctx):
            self.stdout.write(f"  {line}")
