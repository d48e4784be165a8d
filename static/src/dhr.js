// Starts GOV.UK Frontend's components. Loaded as a module from a file (never inline),
// so the Content-Security-Policy can forbid inline scripts.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
