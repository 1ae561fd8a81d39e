// Question kinds and their labels, without zod, for client components (the
// question form); lib/validation/learning.ts re-exports them next to the
// schemas. Importing the validation module from a client module put all of
// zod (~30 kB gzip) into the page's JavaScript.
export const QUESTION_KINDS = ["single_choice", "multiple_choice", "numeric", "free_text"] as const;
export const QUESTION_KIND_LABELS: Record<(typeof QUESTION_KINDS)[number], string> = {
  single_choice: "Single choice",
  multiple_choice: "Multiple choice",
  numeric: "Numeric",
  free_text: "Free text (graded by a trainer)",
};
