# The bot as a container (Azure Container Apps, AKS, App Service for containers). Two stages:
# - build: compiles TypeScript and trains the intent model (npm run build → dist/, dist/model.bin);
# - runtime: what scripts/stage-production.sh lays out — dist/ with the model, data/, intents/,
#   public/ and production dependencies only — run as the unprivileged `node` user with the flags of
#   `npm run start:prod`. test/production.test.ts does what this stage does without Docker, and checks
#   that this file copies the same content and runs the same command.
# Build and run: docker build -t canada-us-relations . && docker run -p 3978:3978 --env-file .env canada-us-relations
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY data ./data
COPY intents ./intents
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY data ./data
COPY intents ./intents
COPY public ./public
COPY --from=build /app/dist ./dist
# With STORAGE=memory the turn events (EVENTS_LOG) default to /app/logs: the only folder the bot writes.
RUN mkdir logs && chown node:node logs
USER node
ENV PORT=3978
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--disable-warning=DEP0111", "--max-old-space-size=512", "dist/index.js"]
