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
            "--manifest",
            metavar="FILE",
            help="Write the demo sign-ins and who can open each review to FILE as JSON.",
        )

    def handle(self, *args, **options):
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
