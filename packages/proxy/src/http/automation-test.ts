/** Handler of POST /v1/automations/test, the dry run. */
import { testAutomations } from '../actions/test-automation.js';
import type { Handler } from './context.js';
import { workspaceId } from './context.js';

/** POST /v1/automations/test → 200 with what each rule would do; nothing is sent or recorded. */
export const postAutomationTest: Handler = async (req, res, ctx) => {
  res.json(await testAutomations(ctx.deps, workspaceId(ctx), ctx.validate.automationTest(req.body)));
};
