# One image for both process types: `api` (default) and `worker` (see docker-compose.yml).
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
USER node
ENTRYPOINT ["node", "bin/earshot.js"]
CMD ["api"]
