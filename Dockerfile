# One image for both process types: `api` (default) and `worker` (see docker-compose.yml).
# Production runs the compiled JavaScript in dist/ (no tsx, no TypeScript at run time).
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/copy-build-assets.mjs scripts/build-web.ts ./scripts/
COPY config ./config
COPY src ./src
COPY workers ./workers
COPY models ./models
# The web app is bundled here (esbuild is a dev dependency); only its web/dist ships, beside the compiled code.
COPY web ./web
RUN node_modules/.bin/tsx scripts/build-web.ts && npm run build

FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# A sans-serif font for the labels of e-mailed chart images (see docs/delivery.md).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
USER node
ENTRYPOINT ["node", "dist/src/cli/earshot.js"]
CMD ["api"]
