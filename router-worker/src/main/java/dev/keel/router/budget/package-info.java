/**
 * Budget guardrails (issue 5; {@code router-worker/BUDGET_AND_CACHE.md}): count tokens before a call,
 * estimate the worst-case cost at the price of the model about to be used, check the per-request caps and
 * the tenant's period budget, degrade in the configured order, and hold the estimate in a
 * {@link dev.keel.router.budget.BudgetLedger} until the call settles.
 *
 * <p>Use, per provider attempt: {@link dev.keel.router.budget.BudgetGate#admit}; on
 * {@link dev.keel.router.budget.Admission.Proceed} call the provider with exactly that shape and then
 * {@link dev.keel.router.budget.BudgetLedger#settle} its reservation once with the actual cost (0 for a failed
 * call the provider did not bill), before admitting the failover attempt at the secondary's price; on
 * {@link dev.keel.router.budget.Admission.UseCache} serve a cached answer to the request (the router's cache stage
 * knows its keys), else
 * publish {@link dev.keel.router.budget.BudgetGate#rejectWithoutCache}; on
 * {@link dev.keel.router.budget.Admission.Reject} publish REJECTED with its message.
 */
package dev.keel.router.budget;
