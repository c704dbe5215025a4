/* The API page: Swagger UI from the server's own copy (fastapi-offline), started from a file rather
   than an inline script so that the page's Content-Security-Policy can forbid inline code.
   validatorUrl null: Swagger UI would otherwise load a badge from validator.swagger.io. */
"use strict";

window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  layout: "BaseLayout",
});
