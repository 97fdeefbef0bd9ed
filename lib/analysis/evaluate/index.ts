// The AWS policy evaluator: one pure function, `evaluate(request, policies)`, used by the `crosswalk simulate`
// command, the principal page's "Can it…?" box, privilege tiers and translation checks.
export { compilePolicy, normalizeAction } from "./compile";
export { inRange, parseDate, parseNumber } from "./conditions";
export { evaluate } from "./evaluate";
export { kindOfArn } from "./requester";
export type {
  ContextValue,
  Decision,
  EvaluationRequest,
  EvaluationResult,
  MatchedStatement,
  PartDecision,
  PolicyInput,
  PolicySet,
  PolicyType,
  PrincipalKind,
  RequestPrincipal,
} from "./types";
