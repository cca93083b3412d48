"""`vaccines forecast`: CDSi forecasting as a filter, for other tools and for auditing the logic.

Cases as JSON on standard input, one result per case on standard output; no data folder is
used. Bad input is described on standard error, in the person's language, with exit code 2.
"""

from __future__ import annotations

import sys

from clinic.i18n.translator import system_language, translator

EXIT_BAD_INPUT = 2  # the input was not a valid array of cases


def forecast(language: str | None) -> int:
    from clinic.common.errors import ValidationError
    from clinic.i18n.messages import error_text
    from clinic.vaccinations.cdsi.forecast_command import run

    try:
        output = run(sys.stdin.buffer.read().decode("utf-8-sig"))
    except UnicodeDecodeError:
        print("The input is not UTF-8 text.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ValidationError as exc:
        t = translator(language or system_language())
        for error in exc.errors:
            print(error_text(t, error), file=sys.stderr)
        return EXIT_BAD_INPUT
    sys.stdout.write(output + "\n")
    return 0
