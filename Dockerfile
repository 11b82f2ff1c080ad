# The reference server with the widget and the demo, as one image; see docker-compose.yml.
FROM node:20-bookworm-slim
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund && npm run build --workspaces --if-present
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8000 DATA_DIR=/data
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:8000/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "--conditions=@salon-chat/source", "--import", "tsx", "server/src/main.ts"]
