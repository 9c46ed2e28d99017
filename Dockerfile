# One image for both process types: `api` (default) and `worker` (see docker-compose.yml).
# The web app is bundled in a build stage (esbuild is a dev dependency); only web/dist ships.
FROM node:20-bookworm-slim AS web
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY scripts/build-web.ts ./scripts/
COPY web ./web
RUN node_modules/.bin/tsx scripts/build-web.ts

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# A sans-serif font for the labels of e-mailed chart images (see docs/delivery.md).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY config ./config
COPY src ./src
COPY workers ./workers
COPY models ./models
COPY --from=web /app/web/dist ./web/dist
USER node
ENTRYPOINT ["node", "bin/earshot.js"]
CMD ["api"]
