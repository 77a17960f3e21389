/** The page `GET /` serves without authentication; the designer's build replaces it once present. */
export function appShell(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Atrium</title>
</head>
<body>
<main id="root"><h1>Atrium</h1><p>The platform is running. APIs: <code>/graphql</code>, <code>/api/v1</code>.</p></main>
</body>
</html>
`;
}
