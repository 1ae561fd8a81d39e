import { randomUUID } from "node:crypto";
import { DEMO_PASSWORD } from "../../../db/seed";

export { DEMO_PASSWORD };

export const demoUsers = {
  acmeAdmin: "admin@acme.test",
  acmeTrainer: "trainer1@acme.test",
  acmeLearner: "learner01@acme.test",
  globexAdmin: "admin@globex.test",
} as const;

/** Names no other run or test has used, so tests can create data without clashing. */
export function uniqueAccount(label: string) {
  const id = randomUUID().slice(0, 8);
  return {
    id,
    email: `${label}-${id}@e2e.test`,
    fullName: `${label[0].toUpperCase()}${label.slice(1)} ${id}`,
    password: `e2e-password-${id}`,
  };
}
