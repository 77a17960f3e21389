/**
 * The page `GET /` serves when the web app has not been built (`designer/dist` missing and vite
 * not installed, or its build failed): it says so. `pnpm start` builds the app when it can.
 */
export function appShell(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Atrium</title>
</head>
<body>
<main id="root"><h1>Atrium</h1><p>The platform is running. APIs: <code>/graphql</code>, <code>/api/v1</code>.</p>
<p>The web app is not built: run <code>pnpm --filter @atrium/designer build</code> (or restart <code>pnpm start</code>, which builds it).</p></main>
</body>
</html>
`;
}
