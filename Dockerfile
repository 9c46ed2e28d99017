# One image for both process types: `api` (default) and `worker` (see docker-compose.yml).
# Production runs the compiled JavaScript in dist/ (no tsx, no TypeScript at run time).
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/copy-build-assets.mjs ./scripts/
COPY config ./config
COPY src ./src
COPY workers ./workers
COPY models ./models
RUN npm run build

FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
USER node
ENTRYPOINT ["node", "dist/src/cli/earshot.js"]
CMD ["api"]
