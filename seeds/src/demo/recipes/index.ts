/** Recipes by object API name; objects without one get generic values only. */
import { accountRecipe } from './account.ts';
import { activityRecipe } from './activity.ts';
import { caseRecipe } from './case.ts';
import { contactRecipe } from './contact.ts';
import { leadRecipe } from './lead.ts';
import { opportunityRecipe } from './opportunity.ts';
import type { Recipe } from './recipe.ts';

export type { Recipe } from './recipe.ts';

export const RECIPES: Readonly<Record<string, Recipe>> = {
  account: accountRecipe,
  activity: activityRecipe,
  case: caseRecipe,
  contact: contactRecipe,
  lead: leadRecipe,
  opportunity: opportunityRecipe,
};
